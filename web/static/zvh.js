// Progressive enhancement only: every page works without this script.
document.addEventListener('DOMContentLoaded', () => {
  // After a refused form, move the focus to the summary of what to correct (screen readers read it first).
  const samenvatting = document.querySelector('.zvh-foutsamenvatting');
  if (samenvatting) samenvatting.focus();
  // A form submits once: a second click while the first request runs would only wait for the same answer.
  for (const form of document.querySelectorAll('form[method="post"]')) {
    form.addEventListener('submit', () => {
      for (const knop of form.querySelectorAll('button[type="submit"]')) knop.setAttribute('aria-disabled', 'true');
    });
  }
});

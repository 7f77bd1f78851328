// Runs first in the Temporal Web UI that `npm start` serves (scripts/bootstrap.mjs inlines it into the UI's
// index.html): a namespace this browser never chose workflow columns for starts with the ones an operator of
// zvh-wgs needs. The UI keeps its columns per namespace in localStorage, and writes them only when a user changes
// them, so a choice of the user's own always stays.
try {
  const key = 'namespace-workflow-table-columns';
  const columns = ['Status', 'ZvhCasusnummer', 'ZvhProces', 'ZvhFase', 'ZvhVolgendeDeadline', 'Workflow ID', 'Start'];
  const state = JSON.parse(localStorage.getItem(key) ?? '{}');
  const opened = /^\/namespaces\/([^/]+)/.exec(location.pathname)?.[1];
  for (const namespace of ['default', ...(opened ? [decodeURIComponent(opened)] : [])]) {
    if (!state[namespace]?.length) state[namespace] = columns.map((label) => ({ label }));
  }
  localStorage.setItem(key, JSON.stringify(state));
} catch {
  // No localStorage (e.g. blocked) or a value the UI changed the form of: the UI's own defaults.
}

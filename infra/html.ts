/** Escapes text for an HTML document (letters, pages): the five characters that can end a text or an attribute. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

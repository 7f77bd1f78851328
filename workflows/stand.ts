import { setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { zvhCasusnummer, zvhFase, zvhProces, zvhProcesVan, zvhVolgendeDeadline } from './search-attributes';

/**
 * Where a workflow stands, for operators in the Temporal UI (docs/operations.md): its phase and next deadline as
 * search attributes, with its process, and the same with the next step and the casusnummer (set at its start,
 * infra/operator-view.ts) as the workflow's current details. Codes, dates and numbers only, never personal data.
 * Current details are no command, so they need no patch; the upsert stays one command, as before.
 */
export function publiceerStand(
  fase: string,
  volgendeDeadline: string | Date | null,
  volgendeStap?: string | null,
): void {
  const deadline = volgendeDeadline === null ? null : new Date(volgendeDeadline);
  const { workflowType, typedSearchAttributes } = workflowInfo();
  const proces = typedSearchAttributes.get(zvhProces) ?? zvhProcesVan(workflowType);
  upsertSearchAttributes([
    { key: zvhFase, value: fase },
    { key: zvhVolgendeDeadline, value: deadline },
    { key: zvhProces, value: proces },
  ]);
  const casusnummer = typedSearchAttributes.get(zvhCasusnummer);
  const regels = [
    `**Fase:** ${fase}`,
    `**Volgende stap:** ${volgendeStap ?? '—'}`,
    `**Deadline:** ${deadline === null ? '—' : deadline.toISOString()}`,
    `**Proces:** ${proces}`,
  ];
  if (casusnummer !== undefined) {
    const zoek = `\`ZvhCasusnummer = "${casusnummer}"\``;
    regels.push(`**Casusnummer:** ${casusnummer} — alle processen van de casus: ${zoek}`);
  }
  setCurrentDetails(regels.join('\n\n'));
}

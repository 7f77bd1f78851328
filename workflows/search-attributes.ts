import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Custom search attributes let operators filter casussen in the Temporal UI, e.g. `ZvhFase = "TRIAGE"`.
// They carry process facts only, never personal data.
export const zvhFase = defineSearchAttributeKey('ZvhFase', SearchAttributeType.KEYWORD);
export const zvhVolgendeDeadline = defineSearchAttributeKey('ZvhVolgendeDeadline', SearchAttributeType.DATETIME);
/** The casus' administrative number (`ZVH-<jaar>-<n>`), on the casus and on every side workflow of it. */
export const zvhCasusnummer = defineSearchAttributeKey('ZvhCasusnummer', SearchAttributeType.KEYWORD);
/** Which process a workflow runs (`zvhProcesVan`), so the casussen are not buried under their side workflows. */
export const zvhProces = defineSearchAttributeKey('ZvhProces', SearchAttributeType.KEYWORD);

export const searchAttributeKeys = [zvhFase, zvhVolgendeDeadline, zvhCasusnummer, zvhProces] as const;

const processen: Readonly<Record<string, string>> = {
  casusWorkflow: 'casus',
  informatieplichtWorkflow: 'informatieplicht',
  informatieverzoekWorkflow: 'informatieverzoek',
  riecAfstemmingWorkflow: 'riec-afstemming',
  topxWorkflow: 'topx',
  avgVerzoekWorkflow: 'avg-verzoek',
  datalekWorkflow: 'datalek',
  klachtWorkflow: 'klacht',
  anonimiseringsSweep: 'anonimisering-sweep',
};

/** The ZvhProces of a workflow type the task queue serves (workflows/index.ts); another type is its own. */
export const zvhProcesVan = (workflowType: string): string => processen[workflowType] ?? workflowType;

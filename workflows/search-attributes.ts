import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Custom search attributes let operators filter casussen in the Temporal UI, e.g. `ZvhFase = "TRIAGE"`.
// They carry process facts only, never personal data.
export const zvhFase = defineSearchAttributeKey('ZvhFase', SearchAttributeType.KEYWORD);
export const zvhVolgendeDeadline = defineSearchAttributeKey('ZvhVolgendeDeadline', SearchAttributeType.DATETIME);

export const searchAttributeKeys = [zvhFase, zvhVolgendeDeadline] as const;

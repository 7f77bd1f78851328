import { upsertSearchAttributes } from '@temporalio/workflow';
import { zvhFase, zvhVolgendeDeadline } from './search-attributes';

/** Where a workflow stands, for operators filtering in the Temporal UI: its phase and its next deadline, if any. */
export function publiceerStand(fase: string, volgendeDeadline: string | Date | null): void {
  upsertSearchAttributes([
    { key: zvhFase, value: fase },
    { key: zvhVolgendeDeadline, value: volgendeDeadline === null ? null : new Date(volgendeDeadline) },
  ]);
}

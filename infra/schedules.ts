import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { zvhProces, zvhProcesVan } from '../workflows/search-attributes';
import { anonimiseringsSweep, SWEEP_SCHEDULE_ID } from '../workflows/sweep';

/**
 * Creates the daily Schedule of the anonimisering sweep when it does not exist yet (idempotent; an operator may
 * pause or trigger it in the Temporal UI). Runs at `uur`:00 Dutch time; a run still busy makes the next one skip.
 */
export async function ensureSweepSchedule(client: Client, taskQueue: string, uur: number): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: SWEEP_SCHEDULE_ID,
      spec: { calendars: [{ hour: uur, minute: 0 }], timezone: 'Europe/Amsterdam' },
      action: {
        type: 'startWorkflow',
        workflowType: anonimiseringsSweep,
        taskQueue,
        workflowId: SWEEP_SCHEDULE_ID,
        typedSearchAttributes: [{ key: zvhProces, value: zvhProcesVan(anonimiseringsSweep.name) }],
        staticSummary: 'Anonimisering-sweep (dagelijks)',
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}

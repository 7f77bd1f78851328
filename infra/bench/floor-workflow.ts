import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

/** The raw-Temporal floor of `npm run bench`: what a start and an Update cost on the same server, with no product. */
export const floorUpdate = defineUpdate<number, [number]>('floorUpdate');
export const floorKlaar = defineSignal('floorKlaar');

export async function floorWorkflow(): Promise<void> {
  let klaar = false;
  setHandler(floorUpdate, (n) => n + 1);
  setHandler(floorKlaar, () => {
    klaar = true;
  });
  await condition(() => klaar);
}

import { loadWorkerSizing } from '../../infra/config';

describe('worker sizing (infra/config.ts)', () => {
  test('defaults bound the workflow cache and the heap', () => {
    expect(loadWorkerSizing({})).toEqual({
      WORKER_MAX_CACHED_WORKFLOWS: 100,
      WORKER_WORKFLOW_THREADS: 1,
      WORKER_MAX_HEAP_MB: 512,
      WORKER_MAX_ACTIVITIES: 20,
      WORKER_MAX_LOCAL_ACTIVITIES: 20,
      WORKER_MAX_WORKFLOW_TASKS: 20,
      WORKER_STICKY_TIMEOUT_MS: 10_000,
    });
  });

  test('values from the environment are numbers', () => {
    const sizing = loadWorkerSizing({ WORKER_MAX_CACHED_WORKFLOWS: '0', WORKER_MAX_HEAP_MB: '2048' });
    expect(sizing.WORKER_MAX_CACHED_WORKFLOWS).toBe(0);
    expect(sizing.WORKER_MAX_HEAP_MB).toBe(2048);
  });

  test.each([
    ['WORKER_MAX_CACHED_WORKFLOWS', 'veel'],
    ['WORKER_MAX_CACHED_WORKFLOWS', '-1'],
    ['WORKER_WORKFLOW_THREADS', '0'],
    ['WORKER_MAX_HEAP_MB', '64'],
    ['WORKER_MAX_WORKFLOW_TASKS', '1'],
    ['WORKER_STICKY_TIMEOUT_MS', '1.5'],
  ])('%s=%s stops the process with a message naming it', (name, value) => {
    expect(() => loadWorkerSizing({ [name]: value })).toThrow(new RegExp(`invalid configuration:[\\s\\S]*${name}`));
  });
});

import { Connection, type ConnectionLike } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { searchAttributeKeys } from '../workflows/search-attributes';
import type { TemporalConfig } from './config';

const indexedValueType: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  [SearchAttributeType.KEYWORD]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.DATETIME]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

const GRPC_UNIMPLEMENTED = 12;

async function customSearchAttributes(connection: Connection, namespace: string): Promise<Record<string, unknown>> {
  try {
    return (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
  } catch (err) {
    // Temporal's time-skipping test server implements adding search attributes but not listing them.
    if ((err as { code?: unknown }).code === GRPC_UNIMPLEMENTED) return {};
    throw err;
  }
}

/** Registers the project's custom search attributes in the namespace when they are missing (idempotent). */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const existing = await customSearchAttributes(connection, namespace);
  const missing = searchAttributeKeys.filter((k) => !(k.name in existing));
  if (missing.length === 0) return;
  const searchAttributes: Record<string, temporal.api.enums.v1.IndexedValueType> = {};
  for (const k of missing) {
    const t = indexedValueType[k.type];
    if (t === undefined) throw new Error(`no indexed value type for search attribute ${k.name}`);
    searchAttributes[k.name] = t;
  }
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
}

// gRPC backs off reconnecting up to two minutes by default: a restarted Temporal would stay unreachable that long.
export const connectClient = (config: TemporalConfig): Promise<Connection> =>
  Connection.connect({ address: config.TEMPORAL_ADDRESS, channelArgs: { 'grpc.max_reconnect_backoff_ms': 5000 } });

export interface Poller {
  /** The worker's identity; the SDK's default is `<pid>@<host>`. */
  identity: string;
  /** When Temporal last saw it poll (a poll's start and end). */
  lastAccessMs: number;
}

/** Who polls a task queue, for workflow and for activity tasks (one worker does both). */
export async function taskQueuePollers(
  connection: ConnectionLike,
  namespace: string,
  taskQueue: string,
): Promise<Record<'workflow' | 'activity', Poller[]>> {
  const { TASK_QUEUE_TYPE_WORKFLOW, TASK_QUEUE_TYPE_ACTIVITY } = temporal.api.enums.v1.TaskQueueType;
  const pollers = async (taskQueueType: temporal.api.enums.v1.TaskQueueType): Promise<Poller[]> => {
    const request = { namespace, taskQueue: { name: taskQueue }, taskQueueType };
    const { pollers: found } = await connection.workflowService.describeTaskQueue(request);
    return (found ?? []).map((p) => ({ identity: p.identity ?? '', lastAccessMs: tsToMs(p.lastAccessTime) }));
  };
  const [workflow, activity] = await Promise.all([
    pollers(TASK_QUEUE_TYPE_WORKFLOW),
    pollers(TASK_QUEUE_TYPE_ACTIVITY),
  ]);
  return { workflow, activity };
}

/** The dev server's `--search-attribute` flags for the same attributes. */
export const searchAttributeFlags = (): string[] =>
  searchAttributeKeys.flatMap((k) => [
    '--search-attribute',
    `${k.name}=${k.type === SearchAttributeType.DATETIME ? 'Datetime' : 'Keyword'}`,
  ]);

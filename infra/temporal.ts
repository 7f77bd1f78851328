import { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
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

export const connectClient = (config: TemporalConfig): Promise<Connection> =>
  Connection.connect({ address: config.TEMPORAL_ADDRESS });

/** The dev server's `--search-attribute` flags for the same attributes. */
export const searchAttributeFlags = (): string[] =>
  searchAttributeKeys.flatMap((k) => ['--search-attribute', `${k.name}=${k.type === SearchAttributeType.DATETIME ? 'Datetime' : 'Keyword'}`]);

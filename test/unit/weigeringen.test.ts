import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { eerdereWeigering, updateWeigering } from '../../api/update-weigering';
import { weigerFout, weigercodes, weigeringen } from '../../domain/weigeringen';

const opties = { afgerond: 'afgerond' };
const updateFout = (cause: Error) => new WorkflowUpdateFailedError('Workflow Update failed', cause);

describe('refusal codes declared once (domain/weigeringen.ts)', () => {
  it.each(weigercodes)('%s is a 4xx problem with a Dutch title, thrown by a workflow or its activity', (code) => {
    const { status, slug, titel } = weigeringen[code];
    expect(status >= 400 && status < 500).toBe(true);
    expect(titel).toMatch(/^[A-Z][a-zëéï ,-]+$/i);
    const direct = updateWeigering(updateFout(weigerFout('de reden', code)), opties);
    const problem = expect.objectContaining({ status, slug, title: titel, detail: 'de reden' });
    expect(direct).toEqual({ code, problem });
    const fout = weigerFout('de reden', code);
    const viaActiviteit = new ActivityFailure(
      'failed',
      'stelBesluitVast',
      '1',
      RetryState.NON_RETRYABLE_FAILURE,
      undefined,
      fout,
    );
    expect(updateWeigering(updateFout(viaActiviteit), opties)).toEqual(direct);
    expect(eerdereWeigering(code, opties)).toMatchObject({ status, slug });
  });

  it('a failure type nobody declared is no refusal: the caller rethrows it', () => {
    expect(updateWeigering(updateFout(ApplicationFailure.nonRetryable('x', 'NIEUW_TYPE')), opties)).toBeUndefined();
    expect(updateWeigering(updateFout(new Error('x')), opties)).toBeUndefined();
  });

  it('workflows and activities throw refusals only through weigerFout, and list every code as non-retryable', () => {
    const bronnen = ['workflows', 'activities'].flatMap((dir) =>
      readdirSync(join(__dirname, '../..', dir))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join(dir, f)),
    );
    const bron = (f: string) => readFileSync(join(__dirname, '../..', f), 'utf8');
    expect(bronnen.filter((f) => /ApplicationFailure\.(nonRetryable|create)\(/.test(bron(f)))).toEqual([]);
    const lijst = /nonRetryableErrorTypes: ([^ },]+)/g;
    const lijsten = bronnen.flatMap((f) => [...bron(f).matchAll(lijst)].map((m) => m[1]));
    expect(lijsten.length).toBeGreaterThan(0);
    expect(new Set(lijsten)).toEqual(new Set(['weigercodes']));
  });
});

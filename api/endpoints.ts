import type { RequestHandler } from 'express';
import type { Actie } from '../domain/autorisatie';

/**
 * Every endpoint declares the policy action it performs (domain/autorisatie.ts), or that it is public. The
 * authorisation matrix test walks the app's routes and fails for any handler without a declaration, so an endpoint
 * cannot be added outside the policy. `koppeling`: only a registered partner system, by its signature
 * (api/koppeling-auth.ts).
 */
export type Toegang = Actie | 'publiek' | 'koppeling';

export const TOEGANG = Symbol('toegang');

export type DeclaredHandler = RequestHandler & { [TOEGANG]: Toegang };

export const endpoint = (toegang: Toegang, handler: RequestHandler): DeclaredHandler =>
  Object.assign(handler, { [TOEGANG]: toegang });

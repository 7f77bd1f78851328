import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Server-side web sessions, in the memory of the API process (docs/web.md "Sessions"): the browser holds only a
 * random id in an httpOnly, SameSite=Lax cookie; the tokens never reach it. A restart of the process ends every
 * session (people log in again, which the identity provider's own session makes one click).
 */
export interface Sessie {
  id: string;
  /** The CSRF token every form of this session carries (synchronizer token). */
  csrf: string;
  accessToken: string;
  idToken: string;
  medewerkerId: string;
  naam: string;
  deelnemerId: string;
  rollen: string[];
  /** Last request (ms): the idle timeout counts from here. */
  laatst: number;
  /** The absolute end (ms): the policy's maximum or the access token's expiry, whichever comes first. */
  eindeOp: number;
}

/** A login under way: what the callback needs to finish it (PKCE verifier, nonce, where to go back to). */
export interface Inlogpoging {
  verifier: string;
  nonce: string;
  terugNaar: string;
  eindeOp: number;
}

export const nieuwId = (): string => randomBytes(32).toString('base64url');

export const gelijk = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export class SessieOpslag {
  private readonly sessies = new Map<string, Sessie>();
  private readonly pogingen = new Map<string, Inlogpoging>();

  constructor(private readonly idleMs: number) {
    // Ended sessions and abandoned logins leave memory within a minute, not at their next use only.
    setInterval(() => this.opruimen(Date.now()), 60_000).unref();
  }

  private opruimen(nu: number): void {
    for (const [id, s] of this.sessies) if (!this.geldig(s, nu)) this.sessies.delete(id);
    for (const [state, p] of this.pogingen) if (p.eindeOp < nu) this.pogingen.delete(state);
  }

  private geldig = (s: Sessie, nu: number) => nu - s.laatst <= this.idleMs && nu < s.eindeOp;

  /** The session of this id if it is still valid (its idle clock restarts); an expired one is ended. */
  gebruik(id: string | undefined, nu = Date.now()): Sessie | 'verlopen' | undefined {
    const s = id === undefined ? undefined : this.sessies.get(id);
    if (!s) return undefined;
    if (!this.geldig(s, nu)) {
      this.sessies.delete(s.id);
      return 'verlopen';
    }
    s.laatst = nu;
    return s;
  }

  maak(s: Omit<Sessie, 'id' | 'csrf' | 'laatst'>): Sessie {
    const sessie = { ...s, id: nieuwId(), csrf: nieuwId(), laatst: Date.now() };
    this.sessies.set(sessie.id, sessie);
    return sessie;
  }

  beeindig(id: string): void {
    this.sessies.delete(id);
  }

  begin(state: string, poging: Inlogpoging): void {
    this.pogingen.set(state, poging);
  }

  /** The login of `state`, once: a replayed callback finds nothing. */
  neem(state: string): Inlogpoging | undefined {
    const p = this.pogingen.get(state);
    this.pogingen.delete(state);
    return p && p.eindeOp >= Date.now() ? p : undefined;
  }
}

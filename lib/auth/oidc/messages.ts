/**
 * Why a single sign-on attempt ended back on the login page. The callback redirects with only the
 * code (`/login?sso=no-role`); the page shows the fixed text, so nothing from the URL is ever shown.
 */
export const OIDC_REFUSALS = {
  unavailable:
    'The identity provider could not be reached. Try again in a moment, or log in with a local account.',
  'no-role':
    'Your account at the identity provider is in no group that Opsdeck gives a role to. Ask an Opsdeck admin to map one of your groups.',
  disabled: 'Your Opsdeck account is disabled. Ask an Opsdeck admin.',
  'name-taken':
    'An Opsdeck account with your user name already exists and is not linked to your identity provider account. Ask an Opsdeck admin.',
  expired: 'The sign-in took too long or was started in another browser. Please try again.',
  state:
    'The sign-in answer did not match the request this browser made, so it was refused. Please try again.',
  denied: 'The identity provider did not sign you in.',
  failed: 'Single sign-on failed. Try again, or log in with a local account.',
} as const;

export type OidcRefusal = keyof typeof OIDC_REFUSALS;

export function refusalMessage(code: string | undefined): string | null {
  return code && Object.hasOwn(OIDC_REFUSALS, code) ? OIDC_REFUSALS[code as OidcRefusal] : null;
}

/** A refusal the callback turns into a redirect to the login page with its code. */
export class OidcRefused extends Error {
  constructor(
    readonly code: OidcRefusal,
    /** for the audit entry and the log: never shown to the browser */
    readonly detail: string,
    /** who tried, when known (the provider's user name or subject) */
    readonly actor?: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

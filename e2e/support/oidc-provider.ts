import type { Server } from 'node:http';
import Provider, { type Configuration } from 'oidc-provider';
import { freePort } from './server';

/** The people the test provider knows: any password is accepted at its (development) login page. */
export const IDP_USERS: Record<string, { groups: string[]; email: string }> = {
  olga: { groups: ['ops', 'staff'], email: 'olga@example.test' },
  vic: { groups: ['ops-viewers'], email: 'vic@example.test' },
  ada: { groups: ['ops-admins'], email: 'ada@example.test' },
  nora: { groups: ['sales'], email: 'nora@example.test' },
};

export const IDP_CLIENT = { id: 'opsdeck', secret: 'opsdeck-e2e-client-secret-0123456789' };

export interface RunningProvider {
  issuer: string;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (the `oidc-provider` package) on a free loopback port, with Opsdeck
 * registered as a confidential client (code flow, PKCE required) and a `groups` scope carrying the
 * groups claim. Its development interactions are the login and consent pages the browser drives.
 */
export async function startProvider(redirectUri: string): Promise<RunningProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const configuration: Configuration = {
    clients: [
      {
        client_id: IDP_CLIENT.id,
        client_secret: IDP_CLIENT.secret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: {
      openid: ['sub'],
      profile: ['preferred_username', 'name'],
      email: ['email'],
      groups: ['groups'],
    },
    scopes: ['openid', 'profile', 'email', 'groups'],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['opsdeck-e2e-provider-cookie-key'] },
    async findAccount(_ctx, id) {
      const user = IDP_USERS[id];
      if (!user) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          preferred_username: id,
          name: id,
          email: user.email,
          groups: user.groups,
        }),
      };
    },
  };
  const provider = new Provider(issuer, configuration);
  const server: Server = provider.listen(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  return {
    issuer,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import createClient from 'openapi-fetch';
import { authFetch } from './auth-fetch';
import type { paths } from './schema';

/**
 * The typed API client, generated from openapi.json (`npm run admin:client`). Same origin as the app:
 * paths in the document already start with /api/v1. Every call carries the access token and, on 401,
 * renews the session once and repeats itself (see auth-fetch.ts).
 */
export const api = createClient<paths>({ baseUrl: '', fetch: authFetch });

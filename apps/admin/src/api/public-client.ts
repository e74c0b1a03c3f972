import createClient from 'openapi-fetch';
import type { paths } from './schema';

/** The typed client without the session: login, refresh and logout handle their tokens themselves. */
export const publicApi = createClient<paths>({ baseUrl: '' });

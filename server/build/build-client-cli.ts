/** `npm run build`: builds the browser client into dist/client. */
import { buildClient } from './client-build.ts';

await buildClient((message) => console.log(message));

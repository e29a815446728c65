/**
 * zod's small build (`zod/mini`) with the English messages the full build has by default: for the
 * schemas on hot paths (the job model `cc status` and the hooks load), where the full build costs
 * about 6 MiB and a few ms per run (bench/README.md). One locale only: `z.locales` would bring all.
 */
import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

z.config(en());

export { z };

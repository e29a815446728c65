/**
 * `cc <sub>` as a word of its own (start of line, after a space, backtick, quote or parenthesis):
 * what a user would copy into a shell and get the C compiler (`/usr/bin/ld: cannot find status`).
 */
const SUBCOMMANDS = "review|adversarial-review|rescue|status|result|cancel|setup|install|uninstall|update|help|version|worker|hook";
export const BARE_CC = new RegExp(`(^|[\\s\`'"(])cc (${SUBCOMMANDS})\\b`, "m");

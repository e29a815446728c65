/**
 * The plugin payload, embedded in the binary: every file `cc install` writes comes from here, so a
 * compiled `cc` copied alone into an empty directory can still install itself.
 *
 * Each file is imported as text. A unit test fails when a file under plugin/ or hooks/ is missing
 * from this table, so adding a payload file means adding one line here.
 */

import hooksJson from "../../hooks/hooks.json" with { type: "text" };
import pluginManifest from "../../plugin/.codex-plugin/plugin.json" with { type: "text" };
import adversarialReviewPrompt from "../../plugin/prompts/adversarial-review.md" with { type: "text" };
import rescuePrompt from "../../plugin/prompts/rescue.md" with { type: "text" };
import rescueContinuePrompt from "../../plugin/prompts/rescue-continue.md" with { type: "text" };
import reviewPrompt from "../../plugin/prompts/review.md" with { type: "text" };
import stopGatePrompt from "../../plugin/prompts/stop-gate.md" with { type: "text" };
import skillAdversarialReview from "../../plugin/skills/adversarial-review/SKILL.md" with { type: "text" };
import skillApply from "../../plugin/skills/apply/SKILL.md" with { type: "text" };
import skillCancel from "../../plugin/skills/cancel/SKILL.md" with { type: "text" };
import skillDiscard from "../../plugin/skills/discard/SKILL.md" with { type: "text" };
import skillRescue from "../../plugin/skills/rescue/SKILL.md" with { type: "text" };
import skillResult from "../../plugin/skills/result/SKILL.md" with { type: "text" };
import skillReview from "../../plugin/skills/review/SKILL.md" with { type: "text" };
import skillSetup from "../../plugin/skills/setup/SKILL.md" with { type: "text" };
import skillStatus from "../../plugin/skills/status/SKILL.md" with { type: "text" };
import skillSteer from "../../plugin/skills/steer/SKILL.md" with { type: "text" };
import skillTransfer from "../../plugin/skills/transfer/SKILL.md" with { type: "text" };

// JSON imported as text is a string at run time; TypeScript only knows the JSON shape.
const text = (value: unknown): string => value as string;

export const payloadFiles: Readonly<Record<string, string>> = {
  "plugin/.codex-plugin/plugin.json": text(pluginManifest),
  "plugin/skills/review/SKILL.md": skillReview,
  "plugin/skills/adversarial-review/SKILL.md": skillAdversarialReview,
  "plugin/skills/rescue/SKILL.md": skillRescue,
  "plugin/skills/status/SKILL.md": skillStatus,
  "plugin/skills/result/SKILL.md": skillResult,
  "plugin/skills/cancel/SKILL.md": skillCancel,
  "plugin/skills/apply/SKILL.md": skillApply,
  "plugin/skills/discard/SKILL.md": skillDiscard,
  "plugin/skills/setup/SKILL.md": skillSetup,
  "plugin/skills/transfer/SKILL.md": skillTransfer,
  "plugin/skills/steer/SKILL.md": skillSteer,
  "plugin/prompts/rescue.md": rescuePrompt,
  "plugin/prompts/rescue-continue.md": rescueContinuePrompt,
  "plugin/prompts/review.md": reviewPrompt,
  "plugin/prompts/adversarial-review.md": adversarialReviewPrompt,
  "plugin/prompts/stop-gate.md": stopGatePrompt,
  "hooks/hooks.json": text(hooksJson),
};

// Payload text files are imported `with { type: "text" }` so `bun build --compile` embeds them.
declare module "*.md" {
  const text: string;
  export default text;
}
declare module "*.rules" {
  const text: string;
  export default text;
}

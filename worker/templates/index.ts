export { validateTemplate, isTemplateChannel, type TemplateProblem, type TemplateValidation } from "./validate-template.ts";
export { renderTemplate, type RenderResult } from "./render-template.ts";
export { renderJson, type RenderJsonResult } from "./render-json.ts";
export { templateVars, type TemplateVars, type TemplateVarsInput } from "./vars.ts";
export { Template, TEMPLATE_CHANNELS, type TemplateChannel, type TemplateOf } from "./schema.ts";

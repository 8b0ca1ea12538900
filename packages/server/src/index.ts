/**
 * Signet as a library: start the service inside another Node program (the demo does), or assemble
 * the core for tools. `npm start` runs main.ts, which uses the same pieces.
 */
export { loadConfig, ConfigError, type Config } from "./config.js";
export { assembleCore, bootstrapDefaultTenant, type Assembled } from "./assemble.js";
export { buildApp } from "./http/build-app.js";
export { createTenant, getTenant, updateTenant, rotateSecret } from "./domain/tenants/tenant-service.js";
export { apiUrlOf, type Core } from "./domain/core.js";
export { SignetError, type ErrorCode } from "./domain/errors.js";

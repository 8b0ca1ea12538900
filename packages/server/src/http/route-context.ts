import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Core } from "../domain/core.js";
import type { Config } from "../config.js";
import type { Waiters } from "../realtime/waiters.js";

/** The Fastify instance as routes see it: TypeBox schemas give both validation and types. */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

export interface RouteDeps {
  core: Core;
  config: Config;
  waiters: Waiters;
}

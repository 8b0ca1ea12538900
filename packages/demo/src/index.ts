/** `@signet/demo`: start the whole demo (Signet, the demo web app and the phone app) in a Node process. */
export { startDemo, type Demo, type StartDemoOptions } from "./start-demo.js";

// Node-only entry (`@signet/device/node`): key storage on the file system.
export { FileKeyStore } from "./key-stores/file-key-store.js";

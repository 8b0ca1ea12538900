import { Type } from "typebox";

/** Short string fields with an upper bound, so that no request can make Signet store megabytes. */
export const Text = (maxLength = 255) => Type.String({ maxLength });
export const OptionalText = (maxLength = 255) => Type.Optional(Type.String({ maxLength }));
export const CustomData = Type.Optional(Type.Record(Type.String(), Type.Unknown()));

export const UserParams = Type.Object({ userId: Type.String({ minLength: 1, maxLength: 255 }) });
export const ActionParams = Type.Object({
  userId: Type.String({ minLength: 1, maxLength: 255 }),
  action: Type.String({ minLength: 1, maxLength: 64 }),
});
export const ActionKeyParams = Type.Object({
  userId: Type.String({ minLength: 1, maxLength: 255 }),
  action: Type.String({ minLength: 1, maxLength: 64 }),
  idempotencyKey: Type.String({ minLength: 1, maxLength: 255 }),
});
export const PublicKeyQuery = Type.Object({ publicKey: Type.String({ minLength: 1, maxLength: 2048 }) });

/** Test key pairs: VAPID (P-256) and a Google-style service account (RSA, PKCS#8 PEM). */
import { createPublicKey, generateKeyPairSync, verify, type KeyObject } from "node:crypto";

export function vapidKeys(): { publicKey: string; privateKey: string; subject: string } {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const pub = publicKey.export({ format: "jwk" });
  const priv = privateKey.export({ format: "jwk" });
  const raw = Buffer.concat([Buffer.of(4), Buffer.from(pub.x ?? "", "base64url"), Buffer.from(pub.y ?? "", "base64url")]);
  return { publicKey: raw.toString("base64url"), privateKey: priv.d ?? "", subject: "mailto:ops@shop.test" };
}

/** Verifies an ES256 JWT with the raw (65-byte) public key from a VAPID `k=` value. */
export function verifyEs256(jwt: string, rawPublicKey: string): boolean {
  const raw = Buffer.from(rawPublicKey, "base64url");
  const key = createPublicKey({ key: { kty: "EC", crv: "P-256", x: raw.subarray(1, 33).toString("base64url"), y: raw.subarray(33).toString("base64url") }, format: "jwk" });
  const [h, p, s] = jwt.split(".");
  return verify("sha256", Buffer.from(`${h}.${p}`), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(s ?? "", "base64url"));
}

/** Verifies an RS256 JWT. */
export function verifyRs256(jwt: string, key: KeyObject): boolean {
  const [h, p, s] = jwt.split(".");
  return verify("RSA-SHA256", Buffer.from(`${h}.${p}`), key, Buffer.from(s ?? "", "base64url"));
}

export function jwtParts(jwt: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [h, p] = jwt.split(".");
  return { header: JSON.parse(Buffer.from(h ?? "", "base64url").toString()), claims: JSON.parse(Buffer.from(p ?? "", "base64url").toString()) };
}

/** An RSA 2048 service account as Firebase's JSON file has it. */
export function serviceAccount(tokenUri: string): { account: { project_id: string; client_email: string; private_key: string; private_key_id: string; token_uri: string }; publicKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    account: {
      project_id: "shop-app",
      client_email: "nudge@shop-app.iam.gserviceaccount.com",
      private_key: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
      private_key_id: "4f1b2c3d",
      token_uri: tokenUri,
    },
    publicKey,
  };
}

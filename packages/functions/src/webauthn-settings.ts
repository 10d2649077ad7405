// The checks of the passkey settings, read by their rows in settings.ts.

// A lower-case DNS name whose last label is not all digits: WebAuthn's RP id is a domain
// (WebAuthn §5.1.4.1 via the HTML "valid domain"); browsers refuse IP addresses.
const RP_ID = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9-]*[a-z-][a-z0-9-]*$/;

/** The RP id in force: the variable, else the issuer's host name. */
function rpIdOf(earlier: (env: string) => unknown): string {
  const configured = earlier("GATEHOUSE_WEBAUTHN_RP_ID");
  if (typeof configured === "string") return configured;
  try {
    return new URL(String(earlier("GATEHOUSE_ISSUER"))).hostname;
  } catch {
    return "";
  }
}

/**
 * Why an origin cannot hold passkeys of `rpId`: its host must be the RP id or under it
 * (WebAuthn §5.1.4.1), and only https, or http on localhost, is a secure context.
 */
function originProblem(origin: string, rpId: string): string | undefined {
  // Not an origin: the row's own reading reports it. (No `URL` annotation: infra/ type-checks
  // this file against the DOM's URL type too.)
  const url = URL.canParse(origin) ? new URL(origin) : undefined;
  if (url === undefined) return undefined;
  const { protocol, hostname } = url;
  if (hostname !== rpId && !hostname.endsWith(`.${rpId}`)) {
    return `GATEHOUSE_WEBAUTHN_ORIGINS: ${origin} is not on the relying party id "${rpId}" or under it`;
  }
  if (protocol !== "https:" && hostname !== "localhost") {
    return `GATEHOUSE_WEBAUTHN_ORIGINS: ${origin} must be https (http only on localhost)`;
  }
  return undefined;
}

/** Why `GATEHOUSE_WEBAUTHN_RP_ID` is refused, or undefined. */
export function rpIdProblem(value: string | undefined): string | undefined {
  return value === undefined || RP_ID.test(value)
    ? undefined
    : `GATEHOUSE_WEBAUTHN_RP_ID must be a lower-case domain name without scheme or port (got "${value}")`;
}

/** Why the passkey origins (as listed, or the issuer's by default) cannot serve the RP id. */
export function passkeyOriginsProblem(
  value: readonly string[],
  earlier: (env: string) => unknown,
): string | undefined {
  const rpId = rpIdOf(earlier);
  let listed = value;
  if (listed.length === 0) {
    try {
      listed = [new URL(String(earlier("GATEHOUSE_ISSUER"))).origin];
    } catch {
      return undefined; // The issuer's own row reports it.
    }
  }
  return listed
    .map((origin) => originProblem(origin, rpId))
    .find((problem) => problem !== undefined);
}

// Signing up and logging in with a password.
import { call, keep } from "./api.js";
import { byId, field, onSubmit } from "./dom.js";
import { AUTH_FIELDS, type AuthData } from "./fields.js";
import { askForSecondFactor, needsSecondFactor } from "./second-factor.js";

const SIGN_UP = `mutation SignUp($email: String!, $password: String!) {
  signUp(email: $email, password: $password) { ${AUTH_FIELDS} }
}`;
const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { ${AUTH_FIELDS} }
}`;

/** Wires the two forms; `done` runs once the page holds tokens that reach the account. */
export function setUpSignIn(done: () => Promise<void>): void {
  const signed = async (auth: AuthData) => {
    keep(auth);
    if (needsSecondFactor(auth)) askForSecondFactor();
    else await done();
  };
  const login = byId<HTMLFormElement>("login-form");
  onSubmit(login, async () => {
    const variables = { email: field(login, "email"), password: field(login, "password") };
    await signed(await call<AuthData>(LOGIN, variables, "login"));
    login.reset();
  });
  const signUp = byId<HTMLFormElement>("signup-form");
  onSubmit(signUp, async () => {
    const variables = { email: field(signUp, "email"), password: field(signUp, "password") };
    await signed(await call<AuthData>(SIGN_UP, variables, "signUp"));
    signUp.reset();
  });
}

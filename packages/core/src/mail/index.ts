// The mail port and its transports. SES and SMTP live in core (with their SDKs) because they
// are the only ways Gatehouse sends mail; the services see only the `Mail` port.
export { consoleMail, type MailConsole } from "./console.js";
export {
  guardedMail,
  type Mail,
  type MailFailureReport,
  type MailMessage,
  type MailTransportKind,
} from "./mail.js";
export { type SesMailOptions, sesMail } from "./ses.js";
export { type SmtpMailOptions, smtpMail } from "./smtp.js";

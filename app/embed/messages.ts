import { typeDescriptions } from "@/components/credentials/type-descriptions";

/**
 * Every string the embedded connect UI (/embed) shows, in one place, so that it can be
 * translated: copy this object, translate the values, and pass it where `messages` is used.
 * Functions take the variable parts; nothing here is HTML. The per-type credential fields
 * ("API key", "Header name") are labelled by their type schemas (lib/secrets/types), which the
 * dashboard shares.
 */
export const messages = {
  title: "Connect your apps",
  poweredBy: "Secured by Integration Center",
  close: "Close",
  back: "Back",
  loading: "Loading your connections…",
  retry: "Try again",

  sessionMissing: "This page needs a connect session.",
  sessionMissingHelp: "Open it from the app that sent you here, or ask that app for a new link.",
  sessionInvalid: "This connect session has ended or is not valid.",
  sessionInvalidHelp: "Close this window and start again from the app that sent you here.",
  returnToInvalid: "This link's return address is not allowed.",
  returnToInvalidHelp: "Ask the app that sent you here for a new link.",
  componentUnavailable: "This app cannot be connected from here.",
  networkError: "Could not reach the server. Check your connection and try again.",

  connectionsHeading: "Your connections",
  connectionsEmpty: "You have not connected any apps yet.",
  addConnection: "Add connection",
  countBadge: (n: number) => (n === 1 ? "1 connection" : `${n} connections`),
  lastVerified: (when: string) => `Checked ${when}`,
  neverVerified: "Not checked yet",

  status: { active: "Active", expired: "Expired", error: "Error" } as Record<string, string>,

  test: "Test",
  testing: "Testing…",
  testOk: (name: string) => `"${name}" works.`,
  testFailed: (name: string, detail: string) => `"${name}" failed its test: ${detail}`,
  /** After a blocked address: an end user cannot change what the server may reach, so whom to ask. */
  blockedHelp: "If you need that address, contact the support of the app that sent you here.",
  reauthorize: "Re-authorize",
  remove: "Delete",
  removeConfirmTitle: (name: string) => `Delete "${name}"?`,
  removeConfirmBody: "The app will no longer be able to use this connection. This cannot be undone.",
  removeConfirm: "Delete connection",
  cancel: "Cancel",
  removed: (name: string) => `Deleted "${name}".`,
  removeFailed: (detail: string) => `Could not delete the connection: ${detail}`,
  inUse: "It is in use by a workflow; remove it there first.",

  pickerHeading: "Choose an app",
  pickerSearch: "Search apps",
  pickerNoMatch: "No app matches your search.",
  noComponents: "There is nothing to connect here.",
  howToConnect: (app: string) => `How do you connect to ${app}?`,
  connectWithOAuth: (app: string) => `Connect ${app}`,
  oauthIntro: (app: string) =>
    `Sign in to ${app} in a new window and approve access. The tokens are stored encrypted; nobody sees them here.`,
  oauthUnavailable: (app: string) => `${app} cannot be connected with a sign-in here yet.`,
  orEnterCredentials: "Or enter the credentials yourself",
  chooseType: "Enter the credentials",
  /** What each credential type holds: the dashboard's words (components/credentials/type-descriptions.ts), with an end user's words for these. */
  typeDescriptions: {
    ...typeDescriptions,
    SIMPLE: "A username and password.",
    API_KEY: "A key from the app's settings.",
    BEARER: "A static access token.",
    AWS: "An access key ID and secret access key.",
    AZURE_STORAGE: "A storage account with its key or a SAS token.",
  } as Record<string, string>,
  loginHeading: (app: string) => `Log in to ${app}`,
  loginIntro: (app: string) =>
    `Enter your ${app} login details. They are stored encrypted and used to log in again when the session runs out; nobody sees them here.`,
  machineHeading: (app: string) => `Connect ${app} without signing in`,
  machineIntro: (app: string) =>
    `${app} is connected with an account that is already set up for you: no sign-in or password is needed. Name the connection and connect.`,
  connected: (name: string) => `Connected "${name}".`,
  saved: (name: string) => `Saved "${name}".`,
  savedAndTested: (name: string) => `Saved "${name}". The connection test passed.`,

  oauthOpening: "Opening the sign-in window…",
  oauthWaiting: (app: string) => `Waiting for ${app}: finish signing in in the new window.`,
  oauthRedirecting: (app: string) => `Taking you to ${app}…`,
  oauthDone: "Connected.",
  oauthReauthorized: "Re-authorized.",
  oauthFailed: (detail: string) => `Not connected: ${detail}`,
  oauthClosed: "The sign-in window was closed before the connection finished. Nothing was saved; try again.",
  oauthBlocked: "Your browser blocked the sign-in window. Allow pop-ups for this page and try again.",
  oauthStartFailed: "Could not start the sign-in. Try again.",
  fieldRequired: (label: string) => `Enter the ${label.toLowerCase()}`,

  pickHeading: (app: string) => `Choose your ${app} connection`,
  pickEmpty: (app: string) => `You have no ${app} connections yet. Add one to continue.`,
  pickUse: "Use this connection",
  pickUseNamed: (name: string) => `Use "${name}"`,
  pickSelected: (name: string) => `Selected "${name}".`,
  pickNotActive: "Fix or re-authorize this connection before you use it.",
  addNew: "Add new",

  form: {
    aboutSection: "About this connection",
    name: "Name",
    namePlaceholder: (app: string) => `e.g. ${app} account`,
    connectionSection: "Connection",
    credentialsSection: "Credentials",
    testAndSave: "Test & save",
    save: "Save",
    testing: "Testing the connection…",
    saving: "Saving…",
    saveFailed: "Could not save the connection",
    testFailed: "The connection test failed",
    nothingSaved: "Nothing was saved. Check the details above and try again.",
    blocked:
      "Connections to private or internal network addresses are not allowed from here. Nothing was saved. If you need this address, contact the support of the app that sent you here.",
    formLabel: (app: string) => `New ${app} connection`,
    cancelTest: "Cancel test",
    advanced: "Advanced",
    docsLink: (app: string) => `Where do I find this? ${app}'s documentation`,
  },

  /** The session-auth login form and the client-credentials Connect (components/credentials/new/token-connect-client.tsx). */
  tokenForm: {
    loginFormLabel: (app: string) => `${app} login`,
    machineFormLabel: (app: string) => `New ${app} connection`,
    name: "Name",
    namePlaceholder: (app: string) => `e.g. ${app} account`,
    optional: (label: string) => `${label} (optional)`,
    secretHint: "Stored encrypted and never shown again.",
    logIn: "Log in & save",
    connect: "Connect",
    loggingIn: "Logging in…",
    gettingToken: (app: string) => `Connecting to ${app}…`,
    saved: "Connected.",
    loginFailed: "The login failed",
    noToken: "Not connected",
    couldNotConnect: "Could not connect",
    loginRefused: "The login was refused. Check the details you entered and try again. Nothing was saved.",
    loginUnavailable: (app: string) => `${app} did not complete the login. Nothing was saved; try again in a moment.`,
    noTokenMessage: (app: string) =>
      `${app} did not give access. Nothing was saved. If this keeps happening, contact the support of the app that sent you here.`,
    blocked:
      "This app's address is on a private or internal network, which is not allowed from here. Nothing was saved. Contact the support of the app that sent you here.",
    otherFailure: "Something went wrong and nothing was saved. Try again.",
  },
} as const;

export type EmbedMessages = typeof messages;

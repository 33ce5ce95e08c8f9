import type { Catalogue } from './types';

// English catalogue, offered on request. Keys must match nl.ts exactly; the
// Catalogue type makes the compiler check that, catalogue.test.ts double-checks.
export const en: Catalogue = {
  'app.name': 'HOI',
  'app.tagline': 'Recovery-supportive intake',
  'app.loading': 'One moment, HOI is loading…',
  'app.skipToContent': 'Skip to content',

  'lang.label': 'Language',
  'lang.nl': 'Nederlands',
  'lang.en': 'English',

  'login.title': 'Sign in',
  'login.intro': 'Sign in with the email address and password of your HOI account.',
  'login.email': 'Email address',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.error.invalid': 'Email address or password incorrect',
  'login.error.tooMany': {
    one: 'Too many attempts, please try again in 1 minute',
    other: 'Too many attempts, please try again in {count} minutes',
  },
  'login.error.missing': 'Please enter your email address and password',
  'login.error.network': 'The server cannot be reached. Check the connection and try again.',
  'login.error.unexpected': 'Signing in is not possible right now. Please try again later.',

  'home.title': 'Home',
  'home.welcome': 'Welcome, {name}',
  'home.signedInAs': 'You are signed in as',
  'home.name': 'Name',
  'home.email': 'Email address',
  'home.role': 'Role',
  'home.practice': 'Practice',
  'home.region': 'Region',
  'home.signOut': 'Sign out',

  'role.poh': 'Mental-health practice nurse (POH-GGZ)',
  'role.peer': 'Peer expert',
  'role.coach': 'Neighbourhood coach',
  'role.gp': 'General practitioner',
  'role.admin': 'Functional administrator',

  'notFound.title': 'Page not found',
  'notFound.body': 'This page does not exist (any more).',
  'notFound.home': 'Go to the home page',

  'error.title': 'Something went wrong',
  'error.body': 'An unexpected error occurred. Reload the page to try again.',
  'error.reload': 'Reload page',
};

import type { nl } from './nl';

/** MessageKey names one user-visible string; nl.ts is the source of the key set. */
export type MessageKey = keyof typeof nl;

/** Message is a plain string with {name} placeholders, or a plural pair chosen by `count`. */
export type Message = string | { readonly one: string; readonly other: string };

/** Catalogue holds every message of one language. */
export type Catalogue = { readonly [K in MessageKey]: Message };

/** Lang is a language HOI speaks. Dutch is the default. */
export type Lang = 'nl' | 'en';

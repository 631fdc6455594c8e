// What a new password must be: long enough, and not guessable. Length alone let "password1234" through;
// zxcvbn (with its list of ~30,000 common and breached passwords, names and words, and its patterns:
// keyboard walks, repeats, dates, l33t) estimates how many guesses a cracker needs, and scores below 3
// ("safely unguessable": ~10^8 guesses) are refused. The user's own email and name count as guessable.
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import { PASSWORD_MAX, PASSWORD_MIN } from "./password";

const MIN_SCORE = 3;

let factory: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return factory;
}

const WARNINGS: Record<string, string> = {
  straightRow: "it is a row of keys on the keyboard",
  keyPattern: "it is a keyboard pattern",
  simpleRepeat: "it repeats characters",
  extendedRepeat: "it repeats a pattern",
  sequences: "it is a sequence (abc, 123)",
  recentYears: "it contains a recent year",
  dates: "it contains a date",
  topTen: "it is one of the ten most common passwords",
  topHundred: "it is one of the hundred most common passwords",
  common: "it is a commonly used password",
  similarToCommon: "it is a variation of a commonly used password",
  wordByItself: "it is a single word",
  namesByThemselves: "it is a name",
  commonNames: "it contains a common name",
  userInputs: "it contains your name or email",
  pwned: "it has appeared in breaches",
};

/** Why the password is not acceptable, or null. `about` are the user's own words (email, name). */
export function passwordProblem(password: string, about: string[] = []): string | null {
  if (password.length < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  const words = about.flatMap((a) => [a, ...a.split(/[@.\s_-]+/)]).filter((w) => w.length >= 3);
  const r = estimator().check(password, words);
  if (r.score >= MIN_SCORE) return null;
  const why = r.feedback.warning ? WARNINGS[r.feedback.warning] : null;
  return `is too easy to guess${why ? ` (${why})` : ""}; use a longer phrase of unrelated words`;
}

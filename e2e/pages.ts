// The pages the e2e suites walk through. One list, so a page added to the navigation is checked for
// accessibility and phone layout alike.

/** Every page the shell links to (main navigation and the account page), as the admin sees them. */
export const NAV_PAGES = [
  "/",
  "/certificates",
  "/policy",
  "/mesh",
  "/findings",
  "/incidents",
  "/risks",
  "/reports",
  "/sources",
  "/notifications",
  "/tokens",
  "/admin",
  "/account",
];

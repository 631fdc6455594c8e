// Only `prisma dev` (Prisma's local development database) loads this package; Posture never runs it.
throw new Error(
  "@prisma/streams-local is replaced by a stub in this project (see scripts/stubs/README.md): `prisma dev` is not supported here",
);

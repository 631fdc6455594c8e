// Every domain's job definitions, imported for their registration side effect.
export {};

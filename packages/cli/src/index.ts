// public API: add with intention
export {};

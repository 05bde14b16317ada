// Package address runs the controls of proofs of address (invoices,
// schedules, property tax notices, home insurance certificates) and of
// supporting documents (pension and CAF certificates, other documents
// checked by keywords only): is the document of the expected type, is it
// dated and recent enough, are its owners' names and address on it, and
// which of the policy's keywords does it hold. The two families share
// their per-owner controls, hence one package.
package address

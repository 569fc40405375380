export async function citizenAndOfficerFlow() {}

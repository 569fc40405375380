export async function keyboardForm() {}

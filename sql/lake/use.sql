USE {{alias}}

"""The ground floor: errors, text normalisation and comparison keys, and the stored states the
domain and storage share. Every layer may import it (storage included); it imports nothing of
ours."""

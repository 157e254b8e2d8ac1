"""wgbot: one bot core for the IGF's intersessional working groups, several chat front ends."""

"""Mail as the bot reads it, whatever brought it (live list traffic, an imported archive): MIME
decoded to neutral text, quotes and signatures cut, paragraphs joined, threads and senders
named. Neutral: the email front end and the summarizer both use it; it imports no front end."""

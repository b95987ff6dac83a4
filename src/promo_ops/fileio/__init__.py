"""Reading and writing the files and streams a user names, in one place.

- textfile: size-limited reads, UTF-8 decoding, documents with positions
- safeyaml: the hardened YAML reader (the only module that imports PyYAML)
- inputs:   a named file or `-` for standard input
- files:    atomic writes that never replace someone else's file
- answerfile: the answers-file format (--answers reads it, --save writes it)
- plainyaml: a PyYAML-free reader for the plain YAML that --save writes
"""

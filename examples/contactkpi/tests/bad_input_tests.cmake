# filled in once the loader's messages are known

#ifndef CHANNELOPS_CGITSHIM_H
#define CHANNELOPS_CGITSHIM_H

/* git_libgit2_opts is variadic, which Swift cannot call. These wrappers give Swift one
   non-variadic entry point per option channelops sets. */

/* Trusts the CA certificates in the PEM file `file` for HTTPS remotes, instead of the bundle
   libgit2 was built to read. Returns libgit2's code: 0, or negative with git_error_last() set. */
int channelops_git_set_ssl_cert_file(const char *file);

#endif

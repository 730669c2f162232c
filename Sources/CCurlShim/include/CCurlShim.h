#ifndef CHANNELOPS_CCURLSHIM_H
#define CHANNELOPS_CCURLSHIM_H
#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call. These wrappers
   give Swift one non-variadic entry point per argument type. */

typedef size_t (*channelops_curl_data_callback)(char *data, size_t size, size_t count, void *context);
typedef int (*channelops_curl_progress_callback)(void *context, curl_off_t download_total,
    curl_off_t download_now, curl_off_t upload_total, curl_off_t upload_now);

CURLcode channelops_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode channelops_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode channelops_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode channelops_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode channelops_curl_setopt_callback(CURL *handle, CURLoption option, channelops_curl_data_callback callback);
CURLcode channelops_curl_setopt_progress(CURL *handle, channelops_curl_progress_callback callback);
CURLcode channelops_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode channelops_curl_getinfo_string(CURL *handle, CURLINFO info, char **value);

/* A share handle whose DNS cache and TLS session cache may be used by easy handles on several
   threads at once: it carries its own mutexes (one per shared data kind) and locks them in its
   lock callbacks. Connections are not shared: libcurl does not support sharing them across
   threads. */
typedef struct channelops_curl_share channelops_curl_share;

/* Creates the share. Returns NULL when it or its mutexes cannot be created; the failing call's
   name is then in *failed_call. */
channelops_curl_share *channelops_curl_share_create(const char **failed_call);
/* The libcurl share handle, for CURLOPT_SHARE. */
CURLSH *channelops_curl_share_handle(channelops_curl_share *share);
/* Frees the share handle and its mutexes. Every easy handle using it must be cleaned up first:
   when one is not, curl_share_cleanup fails with CURLSHE_IN_USE, nothing is freed and that code
   is returned. */
CURLSHcode channelops_curl_share_destroy(channelops_curl_share *share);
#endif

#ifndef CHANNELOPS_CCURLSHIM_H
#define CHANNELOPS_CCURLSHIM_H
#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call. These wrappers
   give Swift one non-variadic entry point per argument type. */

typedef size_t (*channelops_curl_data_callback)(char *data, size_t size, size_t count, void *context);

CURLcode channelops_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode channelops_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode channelops_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode channelops_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode channelops_curl_setopt_callback(CURL *handle, CURLoption option, channelops_curl_data_callback callback);
CURLcode channelops_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode channelops_curl_getinfo_string(CURL *handle, CURLINFO info, char **value);
#endif

#!/usr/bin/env python3
"""Generates ../japan-wan.yaml: real Japanese cities (approximate city-hall coordinates), each joined to its nearest
neighbours no more than MAX_KM apart on the map, fibre = ROUTE_FACTOR x great-circle distance (cable routes follow
roads and railways), plus the Tokyo QKD Network (Sasaki et al., Opt. Express 19, 10387 (2011)) as the core.
Populations (weights) are rough metropolitan figures in millions. Run: python3 japan_wan.py > ../japan-wan.yaml"""
import math

MAX_KM, ROUTE_FACTOR, NEAREST = 85.0, 1.25, 3
CITIES = """wakkanai 45.415 141.673 0.03|nayoro 44.356 142.463 0.03|bifuka 44.49 142.34 0.004|horonobe 45.01 141.85 0.002
asahikawa 43.771 142.365 0.33|sapporo 43.062 141.354 1.97|otaru 43.19 140.994 0.11|iwamizawa 43.196 141.776 0.08
takikawa 43.558 141.91 0.04|tomakomai 42.634 141.605 0.17|muroran 42.315 140.974 0.08|oshamambe 42.513 140.377 0.005
yakumo 42.254 140.27 0.016|hakodate 41.769 140.729 0.25|kikonai 41.678 140.434 0.004|furano 43.34 142.38 0.02
shintoku 43.08 142.84 0.006|obihiro 42.924 143.196 0.16|ikeda 42.93 143.45 0.007|kushiro 42.985 144.381 0.16
akkeshi 43.05 144.85 0.009|nemuro 43.33 145.58 0.025|kamikawa 43.85 142.77 0.003|engaru 44.04 143.52 0.02|kitami 43.804 143.894 0.11
imabetsu 41.18 140.48 0.002|aomori 40.822 140.747 0.28|hirosaki 40.603 140.464 0.17|hachinohe 40.512 141.488 0.23
ninohe 40.27 141.30 0.03|morioka 39.702 141.154 0.29|odate 40.272 140.565 0.07|akita 39.72 140.103 0.3|kitakami 39.287 141.113 0.09
ichinoseki 38.935 141.127 0.11|sendai 38.268 140.872 1.1|ishinomaki 38.434 141.303 0.14|yamagata 38.255 140.34 0.25
yokote 39.31 140.55 0.09|shinjo 38.76 140.30 0.03|sakata 38.914 139.836 0.1|fukushima 37.76 140.474 0.28|koriyama 37.4 140.36 0.32
iwaki 37.05 140.89 0.33|aizuwakamatsu 37.49 139.93 0.12|murakami 38.224 139.48 0.06|niigata 37.916 139.036 0.78
nagaoka 37.446 138.851 0.27|joetsu 37.148 138.236 0.19|shirakawa 37.126 140.211 0.06|utsunomiya 36.555 139.883 0.52
hitachi 36.599 140.651 0.17|mito 36.366 140.471 0.27|tsukuba 36.083 140.076 0.24|kashiwa 35.868 139.976 0.43|oyama 36.314 139.8 0.17
omiya 35.906 139.624 1.3|kumagaya 36.147 139.388 0.2|takasaki 36.322 139.003 0.37|maebashi 36.39 139.06 0.33|karuizawa 36.348 138.597 0.02
nagano 36.648 138.194 0.37|matsumoto 36.238 137.972 0.24|suwa 36.04 138.11 0.05|kofu 35.664 138.568 0.19|hachioji 35.666 139.316 0.58
shinagawa 35.628 139.739 1.0|kawasaki 35.531 139.703 1.5|yokohama 35.444 139.638 3.7|chiba 35.607 140.106 0.98|narita 35.776 140.318 0.13
fujisawa 35.339 139.49 0.44|odawara 35.265 139.152 0.19|numazu 35.096 138.864 0.19|fuji 35.161 138.676 0.25|shizuoka 34.975 138.383 0.69
kakegawa 34.769 138.015 0.12|hamamatsu 34.711 137.726 0.79|toyohashi 34.769 137.392 0.37|okazaki 34.954 137.174 0.38|nagoya 35.181 136.906 2.3
gifu 35.423 136.761 0.4|ogaki 35.359 136.613 0.16|maibara 35.315 136.29 0.04|otsu 35.018 135.855 0.34|kyoto 35.011 135.768 1.46
osaka 34.693 135.502 2.7|kobe 34.69 135.196 1.5|nara 34.685 135.805 0.35|yokkaichi 34.965 136.624 0.31|tsu 34.719 136.505 0.27
wakayama 34.226 135.167 0.36|tanabe 33.728 135.378 0.07|himeji 34.816 134.686 0.53|okayama 34.655 133.919 0.72|kurashiki 34.585 133.772 0.47
fukuyama 34.486 133.362 0.46|mihara 34.398 133.079 0.09|higashihiroshima 34.427 132.743 0.19|hiroshima 34.385 132.455 1.2
iwakuni 34.167 132.22 0.13|tokuyama 34.051 131.806 0.14|yamaguchi 34.178 131.474 0.19|ube 33.951 131.247 0.16|shimonoseki 33.958 130.941 0.25
kitakyushu 33.883 130.875 0.94|fukuoka 33.59 130.402 1.6|kurume 33.319 130.508 0.3|saga 33.249 130.3 0.23|nagasaki 32.75 129.878 0.41
kumamoto 32.803 130.708 0.74|yatsushiro 32.507 130.6 0.12|minamata 32.213 130.4 0.02|satsumasendai 31.814 130.304 0.09
kagoshima 31.597 130.557 0.6|nakatsu 33.598 131.188 0.08|beppu 33.284 131.491 0.11|oita 33.238 131.613 0.48|saiki 32.96 131.9 0.07
nobeoka 32.582 131.665 0.12|hyuga 32.423 131.624 0.06|miyazaki 31.908 131.42 0.4|miyakonojo 31.72 131.06 0.16
takamatsu 34.34 134.047 0.42|tokushima 34.07 134.555 0.25|naruto 34.172 134.609 0.06|sumoto 34.342 134.895 0.04|niihama 33.96 133.283 0.12
imabari 34.066 132.998 0.15|matsuyama 33.839 132.766 0.5|kochi 33.559 133.531 0.33|uwajima 33.223 132.56 0.07
itoigawa 37.04 137.86 0.04|toyama 36.696 137.214 0.41|kanazawa 36.561 136.656 0.46|komatsu 36.408 136.445 0.11|fukui 36.064 136.22 0.26
tsuruga 35.645 136.055 0.06|takayama 36.146 137.252 0.09|gero 35.806 137.244 0.03|tottori 35.501 134.235 0.19|kurayoshi 35.43 133.826 0.05
yonago 35.428 133.331 0.15|matsue 35.468 133.049 0.2|izumo 35.367 132.755 0.17|hamada 34.9 132.08 0.05|tsuyama 35.069 134.004 0.1
fukuchiyama 35.297 135.127 0.08|maizuru 35.475 135.386 0.08"""

# The Tokyo QKD Network (UQCC 2010): nodes and links as in tokyo-qkd-network.yaml (the paper's round figures).
CORE = [("koganei", 35.7107, 139.4886, 0.12), ("otemachi", 35.6857, 139.7640, 2.0), ("hakusan", 35.7228, 139.7495, 0.5), ("hongo", 35.7126, 139.7620, 0.5)]
CORE_LINKS = [("koganei-otemachi-1", "koganei", "otemachi", 45, 0.3), ("koganei-otemachi-2", "koganei", "otemachi", 45, 0.3),
              ("otemachi-hakusan", "otemachi", "hakusan", 12, 0.5), ("otemachi-hongo", "otemachi", "hongo", 13, 0.5), ("hakusan-hongo", "hakusan", "hongo", 2, 0.3)]
# Sea and mountain crossings the nearest-neighbour rule would miss or misplace: (a, b) with the route's reason.
EXTRA = [("aomori", "imabetsu"), ("imabetsu", "kikonai"), ("hakodate", "kikonai"), ("okayama", "takamatsu"), ("naruto", "sumoto"),
         ("sumoto", "kobe"), ("imabari", "mihara"), ("shimonoseki", "kitakyushu"), ("gifu", "gero"), ("gero", "takayama"),
         ("hachioji", "koganei"), ("shinagawa", "otemachi"), ("kashiwa", "hongo"), ("omiya", "hakusan"), ("chiba", "otemachi"),
         ("maizuru", "tsuruga"), ("tsuyama", "tottori"), ("hamada", "hiroshima"), ("joetsu", "nagano"), ("himeji", "tottori"),
         ("kochi", "niihama"), ("matsuyama", "uwajima"), ("nayoro", "bifuka"), ("bifuka", "horonobe"), ("horonobe", "wakkanai")]
SKIP = {"koganei", "otemachi", "hakusan", "hongo"}

def gc(p, q):
    la1, lo1, la2, lo2 = map(math.radians, (p[0], p[1], q[0], q[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))

nodes = [(n, float(a), float(o), float(w)) for n, a, o, w in (c.split() for c in CITIES.replace("\n", "|").split("|"))] + CORE
pos = {n: (a, o) for n, a, o, _ in nodes}
pairs = set()
for n, a, o, _ in nodes:
    if n in SKIP:
        continue
    near = sorted((gc(pos[n], pos[m]), m) for m in pos if m != n and m not in SKIP)
    for d, m in near[:NEAREST]:
        if d <= MAX_KM:
            pairs.add(tuple(sorted((n, m))))
for a, b in EXTRA:
    pairs.add(tuple(sorted((a, b))))

print("# A Japan-wide QKD network: generated by tools/japan_wan.py (see its header for the rules); do not edit by hand.")
print("# Cities at approximate coordinates; fibre = %.2f x great-circle distance; trusted nodes at most about %d km apart on" % (ROUTE_FACTOR, MAX_KM))
print("# the map (the longest fibre hop is printed below). Devices: the tokyo-2011 preset (Toshiba on the Tokyo QKD Network, Sasaki et al. 2011).")
print("name: Japan wide-area QKD network")
print("nodes:")
for n, a, o, w in nodes:
    print("  - { id: %s, name: %s, latitude: %.4f, longitude: %.4f }" % (n, n.capitalize(), a, o))
print("links:")
longest = 0
for a, b in sorted(pairs):
    km = round(ROUTE_FACTOR * gc(pos[a], pos[b]))
    longest = max(longest, km)
    print("  - { id: %s-%s, a: %s, b: %s, preset: tokyo-2011, fibreKm: %d }" % (a, b, a, b, km))
for i, a, b, km, loss in CORE_LINKS:
    print("  - { id: %s, a: %s, b: %s, preset: tokyo-2011, fibreKm: %d, lossDbPerKm: %s, qberThreshold: 0.08 }" % (i, a, b, km, loss))
print("# %d nodes, %d links; longest fibre hop %d km." % (len(nodes), len(pairs) + len(CORE_LINKS), longest))
print("""simulation:
  users: 10000
  hours: 24
  routingRefreshSeconds: 300
  pool: { capacityBits: 16777216, lowWatermarkBits: 1048576, highWatermarkBits: 4194304, initialFraction: 0.5 }
  # Each user refreshes a 256-bit key every 10 minutes on average, waiting up to a minute for pad.
  demand: { requestsPerUserPerHour: 6, keyBits: 256, maxWaitSeconds: 60, localRadiusKm: 100, mix: { local: 0.6, national: 0.4, intercontinental: 0 } }
  failures: { mtbfHours: 4000, mttrHours: 8 }
  events:
    - { kind: link-failure, link: hamamatsu-kakegawa, atHours: 6, durationHours: 4 }
    - { kind: eavesdrop, link: otemachi-hakusan, atHours: 12, durationHours: 1, interceptFraction: 0.5 }
    - { kind: node-outage, node: nagoya, atHours: 18, durationHours: 2 }
  population:""")
for n, a, o, w in nodes:
    print("    - { node: %s, weight: %s }" % (n, w))

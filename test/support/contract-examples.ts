/** The contract's own example bodies (CONTRACT §3), shared by the suites that start from them. */
export const contractSubmission = {
  organizationId: 'ha-long-p-bach-dang',
  congress: { heldOn: '2020-05-12', delegatesElected: 120, delegatesAttended: 118 },
  secretary: {
    fullName: 'Nguyễn Văn An',
    electedDirectly: true,
    votes: { for: 118, valid: 118 },
    isLocal: false,
    concurrentRole: 'people-committee-chair',
  },
  committeeSize: 11,
  recommendations: ['Đề nghị …'],
  notes: '…',
};
